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

dofile("bench/wrk-counts.lua") -- response(): answers counted by status

done = function(summary, latency, requests)
  io.write(string.format('WRKSTATUS {"requests":%d,"socket_errors":%d,"timeouts":%d,"p50_us":%d,"p99_us":%d,"by_status":%s}\n',
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write, summary.errors.timeout,
    latency:percentile(50), latency:percentile(99), counts_by_status(threads)))
end
