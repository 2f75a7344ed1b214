-- Open311 POST requests.json from one client: a distinct description per request (a repeated body within the
-- retry window is answered as a retry, not filed again).
--   wrk -s open311.lua URL -- <run tag> <api key> <service code>
local dir = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(dir .. "common.lua")

local tag, key, code, headers, n = "", "", "", {}, 0

function init(args)
  tag, key, code = args[1], args[2], args[3]
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  proxied(headers)
end

function request()
  n = n + 1
  local body = "api_key=" .. urlencode(key) .. "&service_code=" .. code ..
    "&description=" .. urlencode(string.format("路面塌陷，请尽快修复（基准 %s-%d-%d）", tag, id, n)) ..
    "&address_string=" .. urlencode("建设路 18 号") .. "&lat=39.100000&long=116.300000"
  return wrk.format("POST", "/open311/v2/requests.json", headers, body)
end
