-- Open311 GeoReport v2 POST requests.json with wrk, as a client system (the 12345 hotline's gateway) files.
--
--   wrk -t2 -c8 -d15s --latency -s bench/wrk/intake_open311.lua http://127.0.0.1:8000 -- <api_key> <service_code>
--
-- Each request carries its own Idempotency-Key (a retried POST is answered with the first one's request, so
-- without it identical bodies would file once per ten minutes). The client's posts_per_minute must be raised
-- for a bench (bench/submit_load.py sets it): 600 a minute is the default, a bench posts thousands.

local api_key = ""
local service_code = ""
local counter = 0
local prefix = ""

local function urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local description = urlencode("建设路与人民路交口路灯不亮已一周，夜间通行不便，请尽快维修。")
local address = urlencode("建设路与人民路交口")

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  api_key = args[1] or ""
  service_code = args[2] or ""
  math.randomseed(os.time() * 1000 + (tid or 0))
  prefix = string.format("bench-%02x%08x%06x", tid or 0, os.time(), math.random(0, 0xffffff))
end

function request()
  counter = counter + 1
  local phone = string.format("138%08d", math.random(0, 99999999))
  local body = "api_key=" .. api_key .. "&service_code=" .. urlencode(service_code) .. "&description=" .. description
    .. "&address_string=" .. address .. "&first_name=" .. urlencode("女士") .. "&last_name=" .. urlencode("王")
    .. "&phone=" .. phone
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["X-Forwarded-Proto"] = "https",
    ["Idempotency-Key"] = string.format("%s-%08x", prefix, counter),
  }
  return wrk.format("POST", "/open311/v2/requests.json", headers, body)
end
