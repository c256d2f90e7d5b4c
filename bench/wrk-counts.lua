-- Shared by bench/wrk-status.lua and bench/wrk-corpus.lua (loaded with dofile from the repository root): answers
-- counted by HTTP status in each thread, a 503 without Retry-After apart, and the threads' counts as one JSON object.
response = function(status, headers, body)
  local key = tostring(status)
  if status == 503 and headers["Retry-After"] == nil then
    key = "503-without-Retry-After"
  end
  counts[key] = (counts[key] or 0) + 1
end

function counts_by_status(threads)
  local total, parts = {}, {}
  for _, thread in ipairs(threads) do
    for key, count in pairs(thread:get("counts")) do
      total[key] = (total[key] or 0) + count
    end
  end
  for key, count in pairs(total) do
    table.insert(parts, string.format('"%s":%d', key, count))
  end
  return "{" .. table.concat(parts, ",") .. "}"
end
