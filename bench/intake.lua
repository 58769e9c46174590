-- wrk script for the intake scenario: POST one ~500-byte order with one email recipient, with a bearer token
-- (BENCH_TOKEN), and print one machine-readable line at the end.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.body = [[{"sendersReference":"bench-intake","subject":"Your application has been received","body":"Hello. We have received your application and will process it within three weeks, as promised on our website. You can follow the case in your inbox, where you will also find the documents you sent us. If anything is missing we will contact you. This message was sent automatically; please do not reply to it.","contentType":"Plain","recipients":[{"emailAddress":"recipient@example.com"}]}]]

done = function(summary, latency, requests)
   local seconds = summary.duration / 1e6
   local errors = summary.errors
   io.write(string.format("rps=%.1f p50_ms=%.2f p99_ms=%.2f requests=%d non2xx=%d socket_errors=%d\n",
      summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests,
      errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
