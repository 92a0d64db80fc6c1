-- A telephone system's ringing event for a known customer's number (the
-- screen pop: number → customer → open cases), a new call each time.
package.path = package.path .. ";" .. (os.getenv("LD_WRK_DIR") or ".") .. "/?.lua"
local numbers = dofile(os.getenv("LD_NUMBERS"))
local headers = { ["Authorization"] = "Bearer " .. (os.getenv("LD_CTI") or ""),
                  ["Content-Type"] = "application/json" }
math.randomseed(os.time())
local n = 0
local tag = tostring(math.random(1, 1e9))
request = function()
  n = n + 1
  local body = string.format('{"event":"ringing","call_id":"r%s.%d","caller":"%s"}',
    tag, n, numbers[math.random(1, #numbers)])
  return wrk.format("POST", "/api/v1/calls", headers, body)
end
