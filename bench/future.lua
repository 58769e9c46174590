-- wrk script for the future scenario: POST one ~500-byte order chain (one email recipient, one reminder 7 days later)
-- with a bearer token (BENCH_TOKEN), a unique idempotencyId per request, and print one machine-readable line at the end.
-- wrk runs one Lua state per thread: setup() numbers the threads, so ids are BENCH_RUN-thread-counter (BENCH_RUN is
-- unique per wrk run, so the measured run never replays the warm-up's ids: a replay would be a cheap 200).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")

local body = [[{"idempotencyId":"%s","sendersReference":"bench-future","recipient":{"recipientEmail":{"emailAddress":"recipient@example.com","emailSettings":{"subject":"Application received","body":"Hello. We have received your application and will process it soon.","contentType":"Plain"}}},"reminders":[{"delayDays":7,"sendersReference":"bench-future-r1","recipient":{"recipientEmail":{"emailAddress":"recipient@example.com","emailSettings":{"subject":"Reminder","body":"Your case is still open.","contentType":"Plain"}}}}]}]]

local threads = 0
setup = function(thread)
   threads = threads + 1
   thread:set("thread_id", threads)
end

local prefix, counter
init = function(args)
   prefix = (os.getenv("BENCH_RUN") or tostring(os.time())) .. "-" .. thread_id .. "-"
   counter = 0
end

request = function()
   counter = counter + 1
   return wrk.format(nil, nil, nil, string.format(body, prefix .. counter))
end

done = function(summary, latency, requests)
   local seconds = summary.duration / 1e6
   local errors = summary.errors
   io.write(string.format("rps=%.1f p50_ms=%.2f p99_ms=%.2f requests=%d non2xx=%d socket_errors=%d\n",
      summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests,
      errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
