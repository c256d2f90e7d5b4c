-- wrk script for bench/edges.sh: POSTs the file WRK_BODY and counts answers by HTTP status (and whether a 503
-- carried Retry-After). done() prints one machine-readable line.
local f = assert(io.open(os.getenv("WRK_BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"

local threads = {}
setup = function(thread)
  table.insert(threads, thread)
end

init = function()
  counts = {}
end

response = function(status, headers, body)
  local key = tostring(status)
  if status == 503 and headers["Retry-After"] == nil then
    key = "503-without-Retry-After"
  end
  counts[key] = (counts[key] or 0) + 1
end

done = function(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for key, count in pairs(thread:get("counts")) do
      total[key] = (total[key] or 0) + count
    end
  end
  local parts = {}
  for key, count in pairs(total) do
    table.insert(parts, string.format('"%s":%d', key, count))
  end
  io.write(string.format('WRKSTATUS {"requests":%d,"socket_errors":%d,"timeouts":%d,"p50_us":%d,"p99_us":%d,"by_status":{%s}}\n',
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write, summary.errors.timeout,
    latency:percentile(50), latency:percentile(99), table.concat(parts, ",")))
end
