-- The public mobile form (/m/new/<kind>/), posted as a phone's browser does: the CSRF cookie and the same
-- token in the form, a fresh submission key per request (the same key would be the same filing), anonymous,
-- with a township (the county-wide form asks where).
--   wrk -s submit.lua URL -- <run tag> <csrf token> <path> <township id> [category id]
local dir = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(dir .. "common.lua")

local tag, token, path, township, category, headers, n = "", "", "", "", "", {}, 0

function init(args)
  tag, token, path, township, category = args[1], args[2], args[3], args[4], args[5] or ""
  headers["Cookie"] = "csrftoken=" .. token
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  headers["Referer"] = "https://localhost" .. path
  proxied(headers)
end

function request()
  n = n + 1
  local key = string.format("%s-%d-%d", tag, id, n)
  local body = "csrfmiddlewaretoken=" .. token .. "&key=" .. key .. "&category=" .. category ..
    "&content=" .. urlencode("厂区门前道路破损，雨天积水，货车进出困难（基准 " .. key .. "）") ..
    "&township=" .. township .. "&address=" .. urlencode("建设路") .. "&is_anonymous=on&consent=on&website="
  return wrk.format("POST", path, headers, body)
end
