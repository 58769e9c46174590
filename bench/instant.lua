-- wrk script for the instant scenario: POST one instant email with a bearer token (BENCH_TOKEN) and a unique
-- idempotencyId per request (BENCH_RUN-thread-counter, as in future.lua), count the 201s, and print one
-- machine-readable line at the end: created = 201s, created_per_s = 201s per second of the run.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")

local body = [[{"idempotencyId":"%s","sendersReference":"bench-instant","recipientEmail":{"emailAddress":"recipient@example.com","emailSettings":{"subject":"Your one-time code","body":"Hello. Your one-time code is 123456. It is valid for ten minutes. If you did not ask for it, you can ignore this message.","contentType":"Plain"}}}]]

local threads = {}
setup = function(thread)
   table.insert(threads, thread)
   thread:set("thread_id", #threads)
end

local prefix, counter
init = function(args)
   prefix = (os.getenv("BENCH_RUN") or tostring(os.time())) .. "-" .. thread_id .. "-"
   counter = 0
   created = 0
end

request = function()
   counter = counter + 1
   return wrk.format(nil, nil, nil, string.format(body, prefix .. counter))
end

response = function(status, headers, body)
   if status == 201 then created = created + 1 end
end

done = function(summary, latency, requests)
   local seconds = summary.duration / 1e6
   local errors = summary.errors
   local total = 0
   for _, thread in ipairs(threads) do total = total + thread:get("created") end
   io.write(string.format("rps=%.1f p50_ms=%.2f p99_ms=%.2f requests=%d non2xx=%d socket_errors=%d created=%d created_per_s=%.1f\n",
      summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests,
      errors.status, errors.connect + errors.read + errors.write + errors.timeout, total, total / seconds))
end
