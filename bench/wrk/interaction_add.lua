package.path = package.path .. ";" .. (os.getenv("LD_WRK_DIR") or ".") .. "/?.lua"
local c = require("common")
local channels = { "email", "phone", "chat", "web" }
request = function()
  local body = string.format('{"channel":"%s","direction":"in","body":"Any news on this?"}',
    channels[math.random(1, #channels)])
  return wrk.format("POST", "/api/v1/cases/" .. math.random(1, c.cases) .. "/interactions",
    c.headers, body)
end
