package.path = package.path .. ";" .. (os.getenv("LD_WRK_DIR") or ".") .. "/?.lua"
local c = require("common")
request = function()
  return wrk.format("GET", "/api/v1/customers/" .. math.random(1, c.customers) ..
    "/timeline?limit=20", c.headers)
end
