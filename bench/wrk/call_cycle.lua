-- Whole calls in turn: ringing, answered by an agent, ended (the contact on
-- the caller's open case, or a new case). One connection: the events of a
-- call must arrive in order.
math.randomseed(os.time())
package.path = package.path .. ";" .. (os.getenv("LD_WRK_DIR") or ".") .. "/?.lua"
local numbers = dofile(os.getenv("LD_NUMBERS"))
local headers = { ["Authorization"] = "Bearer " .. (os.getenv("LD_CTI") or ""),
                  ["Content-Type"] = "application/json" }
local events = { "ringing", "answered", "ended" }
local n = 0
local warm = true
local tag = tostring(math.random(1, 1e9))
request = function()
  -- wrk may build a first request it never sends: let that one be harmless.
  if warm then
    warm = false
    return wrk.format("POST", "/api/v1/calls", headers,
      string.format('{"event":"ringing","call_id":"c%s.warm"}', tag))
  end
  local call, phase = math.floor(n / 3), n % 3 + 1
  n = n + 1
  local body
  if phase == 1 then
    body = string.format('{"event":"ringing","call_id":"c%s.%d","caller":"%s"}',
      tag, call, numbers[math.random(1, #numbers)])
  elseif phase == 2 then
    body = string.format('{"event":"answered","call_id":"c%s.%d","agent":%d}', tag, call,
      math.random(2, 13))
  else
    body = string.format('{"event":"ended","call_id":"c%s.%d"}', tag, call)
  end
  return wrk.format("POST", "/api/v1/calls", headers, body)
end
