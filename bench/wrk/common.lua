-- Shared by the bench/wrk scripts (loaded with dofile): per-thread status counts, and one JSON line at the
-- end that bench/harness.py reads (requests, duration, latency percentiles, statuses, socket errors).
local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
  table.insert(threads, thread)
end

ok, other, statuses = 0, 0, {}

function response(status, headers, body)
  if status >= 200 and status < 400 then ok = ok + 1 else other = other + 1 end
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total_ok, total_other, codes = 0, 0, {}
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_other = total_other + thread:get("other")
    for code, n in pairs(thread:get("statuses")) do codes[code] = (codes[code] or 0) + n end
  end
  local parts = {}
  for code, n in pairs(codes) do table.insert(parts, string.format('"%d": %d', code, n)) end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"ok": %d, "other": %d, "statuses": {%s}, "errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), total_ok, total_other, table.concat(parts, ", "), e.connect, e.read, e.write, e.timeout))
end

-- Requests go to gunicorn directly as they would come from the TLS proxy (production settings redirect plain
-- http): the proxy's header, the allowed host, and a referer from the site for CSRF on https.
function proxied(headers)
  headers["Host"] = "localhost"
  headers["X-Forwarded-Proto"] = "https"
  return headers
end

function urlencode(s)
  return (string.gsub(s, "[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
