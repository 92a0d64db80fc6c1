package.path = package.path .. ";" .. (os.getenv("LD_WRK_DIR") or ".") .. "/?.lua"
local c = require("common")
local channels = { "email", "phone", "chat", "web" }
request = function()
  local body = string.format(
    '{"customer_id":%d,"subject":"Benchmark case","category":"question","channel":"%s","body":"Where is my parcel?"}',
    math.random(1, c.customers), channels[math.random(1, #channels)])
  return wrk.format("POST", "/api/v1/cases", c.headers, body)
end
