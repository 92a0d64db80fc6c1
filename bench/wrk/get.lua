-- GET of $LD_PATH with the bench token (bench/branch.sh).
package.path = package.path .. ";" .. (os.getenv("LD_WRK_DIR") or ".") .. "/?.lua"
local c = require("common")
local path = os.getenv("LD_PATH") or "/api/v1/reports/effort"
request = function()
  return wrk.format("GET", path, c.headers)
end
