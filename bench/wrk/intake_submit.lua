-- POST the public mobile form (/m/<code>/new/problem/, no photo) with wrk, as a phone would after loading it.
--
--   wrk -t2 -c8 -d15s --latency -s bench/wrk/intake_submit.lua http://127.0.0.1:8000 -- <path> <category id>
--
-- Every request is a new filing: a fresh form key (the same key would be answered as a resubmission), a
-- random mobile number and a random client address in X-Forwarded-For (the site runs behind its TLS proxy,
-- BEHIND_TLS_PROXY, and takes the last address of that header), so the per-address and per-number limits and
-- their advisory locks see many senders as a campaign from many phones would. CSRF: the double-submit cookie
-- (CSRF_USE_SESSIONS is off): the same 32-character secret in the csrftoken cookie and the form field, with an
-- Origin header matching the host, as a browser on https sends. bench/submit_load.py runs it.

local path = "/m/new/problem/"
local category = ""
local counter = 0
local prefix = ""
local token = "benchcsrftokenbenchcsrftoken0123" -- 32 characters: Django accepts an unmasked secret

local function urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local content = urlencode("厂区南门外道路塌陷一个多月，货车经常陷入，影响企业原料进场，请尽快安排维修。")
local name = urlencode("张先生")
local address = urlencode("建设路18号南门")

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  if args[1] then path = args[1] end
  if args[2] then category = args[2] end
  math.randomseed(os.time() * 1000 + (tid or 0))
  prefix = string.format("%02x%08x%06x", tid or 0, os.time(), math.random(0, 0xffffff))
end

function request()
  counter = counter + 1
  local key = string.format("%s%08x", prefix, counter)
  local phone = string.format("139%08d", math.random(0, 99999999))
  local ip = string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
  local body = "csrfmiddlewaretoken=" .. token .. "&key=" .. key .. "&category=" .. category
    .. "&content=" .. content .. "&address=" .. address .. "&requester_name=" .. name
    .. "&requester_phone=" .. phone .. "&consent=on&website="
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=" .. token,
    ["Origin"] = "https://" .. wrk.host .. ":" .. wrk.port,
    ["X-Forwarded-Proto"] = "https",
    ["X-Forwarded-For"] = ip,
  }
  return wrk.format("POST", path, headers, body)
end
