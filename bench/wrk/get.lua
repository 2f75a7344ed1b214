-- GET one or several paths in turn with a staff session: wrk -s get.lua URL -- <session cookie> <path> [path…]
-- (bench/harness.py: the staff lists with each filter, a detail page, searches, the rankings, /healthz).
local dir = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(dir .. "common.lua")

local paths, headers, i = {}, {}, 0

function init(args)
  if args[1] and args[1] ~= "-" then headers["Cookie"] = args[1] end
  for k = 2, #args do table.insert(paths, args[k]) end
  proxied(headers)
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], headers)
end
