-- Shared by the API benchmark scripts: auth header, random ids.
local M = {}
M.token = os.getenv("LD_TOKEN") or ""
M.customers = tonumber(os.getenv("LD_CUSTOMERS") or "1000")
M.cases = tonumber(os.getenv("LD_CASES") or "1000")
M.headers = { ["Authorization"] = "Bearer " .. M.token,
              ["Content-Type"] = "application/json" }
return M
