-- wrk script: POSTs the calls of a corpus in turn (WRK_CORPUS=<corpus.tsv> of bench/gen_corpus.py: one
-- "service<TAB>request JSON" a line, hookInstance first), each thread from its own place in it. Every call gets a
-- hookInstance of its own, also sent as the header X-Hook-Instance so that a load balancer's log can name it:
-- <WRK_RUN, 8 hex digits>-<thread>-4000-8000-<call number>. The URL's path is replaced by /cds-services/<service>.
-- done() prints WRKJSON as bench/wrk-report.lua does, with the answers counted by status ("503-without-Retry-After"
-- apart), and WRKSTATUS as bench/wrk-status.lua does.
local corpus_file = assert(os.getenv("WRK_CORPUS"), "WRK_CORPUS=<corpus.tsv> is required")
local run = os.getenv("WRK_RUN") or string.format("%08x", os.time() % 4294967296)
local threads = {}

setup = function(thread)
  thread:set("thread_number", #threads)
  table.insert(threads, thread)
end

init = function()
  calls = {}
  local uuid = "%x%x%x%x%x%x%x%x%-%x%x%x%x%-%x%x%x%x%-%x%x%x%x%-%x%x%x%x%x%x%x%x%x%x%x%x"
  for line in io.lines(corpus_file) do
    local service, head, tail = line:match('^([^\t]+)\t({"hookInstance":")' .. uuid .. '(".*)$')
    assert(service, "a corpus line must be service<TAB>{\"hookInstance\":\"<uuid>\",...")
    table.insert(calls, { path = "/cds-services/" .. service, head = head, tail = tail })
  end
  position = (thread_number * 7919) % #calls -- threads start apart
  sent = 0
  counts = {}
end

request = function()
  local call = calls[position + 1]
  position = (position + 1) % #calls
  sent = sent + 1
  local hook_instance = string.format("%s-%04x-4000-8000-%012x", run, thread_number, sent)
  return wrk.format("POST", call.path,
    { ["Content-Type"] = "application/json", ["X-Hook-Instance"] = hook_instance },
    call.head .. hook_instance .. call.tail)
end

dofile("bench/wrk-counts.lua") -- response(): answers counted by status

done = function(summary, latency, requests)
  local by_status = counts_by_status(threads)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,' ..
    '"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f,"by_status":%s}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean, by_status))
  io.write(string.format('WRKSTATUS {"requests":%d,"socket_errors":%d,"timeouts":%d,"p50_us":%d,"p99_us":%d,"by_status":%s}\n',
    summary.requests, e.connect + e.read + e.write, e.timeout, latency:percentile(50), latency:percentile(99), by_status))
end
