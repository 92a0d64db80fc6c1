-- The soak's traffic (bench/soak.sh): a desk's day in proportions — mostly
-- reads (a case, a timeline, lists, reports), then writes (new cases,
-- contacts, transfers, resolutions), logins and survey answers.
--
-- Each wrk thread keeps one connection (soak.sh runs -t N -c N), so its
-- responses come back in the order of its requests and each one is judged
-- against what its kind may answer: 2xx, and for writes on random cases the
-- refusals their state explains (a merged case: 409 case_merged; a transfer
-- to where the case already is: 409 same_owner). Anything else is counted
-- as unexpected, by kind and status, and printed at the end; soak.sh fails
-- the run on it.
--
-- Environment: LD_TOKEN (admin bearer token), LD_CUSTOMERS, LD_CASES, LD_TEAMS
-- (ids 1..N), LD_EMAIL and LD_PASSWORD (a login), LD_TOKENS (a file of open
-- survey tokens, one a line: each is answered once, shared out among the
-- LD_THREADS threads; once a thread's are used up it reads a case instead).
package.path = package.path .. ";" .. (os.getenv("LD_WRK_DIR") or ".") .. "/?.lua"
local c = require("common")

local teams = tonumber(os.getenv("LD_TEAMS") or "3")
local login = string.format('{"email":"%s","password":"%s"}', os.getenv("LD_EMAIL") or "",
  os.getenv("LD_PASSWORD") or "")
local channels = { "email", "phone", "chat", "web" }
local json = { ["Content-Type"] = "application/json" }

-- kind, weight (of 100), and the 409 codes its state may explain
local MIX = {
  { "case_get", 25 }, { "timeline", 14 }, { "case_list", 8 }, { "customer_list", 5 },
  { "report_effort", 2 }, { "report_nps", 1 },
  { "case_create", 10 }, { "contact_add", 18, { "case_merged" } },
  { "transfer", 6, { "case_merged", "same_owner" } }, { "resolve", 6, { "case_merged" } },
  { "login", 1 }, { "survey_answer", 4 },
}

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local tokens, next_token, step = {}, 1, 1
local pending -- the kind of the request in flight
counts = {}       -- kind → requests
unexpected = {}   -- "kind status code" → count

function init(args)
  local f = io.open(os.getenv("LD_TOKENS") or "", "r")
  local n = tonumber(os.getenv("LD_THREADS") or "1")
  if f then
    local i = 0
    for line in f:lines() do
      if i % n == id then table.insert(tokens, line) end
      i = i + 1
    end
    f:close()
  end
end

local function pick()
  local r = math.random(1, 100)
  for _, m in ipairs(MIX) do
    r = r - m[2]
    if r <= 0 then return m[1] end
  end
  return "case_get"
end

local function case_id() return math.random(1, c.cases) end

function request()
  local kind = pick()
  if kind == "survey_answer" and next_token > #tokens then kind = "case_get" end
  pending = kind
  counts[kind] = (counts[kind] or 0) + 1
  if kind == "case_get" then
    return wrk.format("GET", "/api/v1/cases/" .. case_id(), c.headers)
  elseif kind == "timeline" then
    return wrk.format("GET", "/api/v1/customers/" .. math.random(1, c.customers) ..
      "/timeline?limit=20", c.headers)
  elseif kind == "case_list" then
    return wrk.format("GET", "/api/v1/cases?status=open&limit=20", c.headers)
  elseif kind == "customer_list" then
    return wrk.format("GET", "/api/v1/customers?limit=20&cursor=" ..
      math.random(1, c.customers), c.headers)
  elseif kind == "report_effort" then
    return wrk.format("GET", "/api/v1/reports/effort", c.headers)
  elseif kind == "report_nps" then
    return wrk.format("GET", "/api/v1/reports/nps", c.headers)
  elseif kind == "case_create" then
    return wrk.format("POST", "/api/v1/cases", c.headers, string.format(
      '{"customer_id":%d,"subject":"Soak case","category":"question","channel":"%s",' ..
      '"body":"Where is my parcel?"}', math.random(1, c.customers),
      channels[math.random(1, #channels)]))
  elseif kind == "contact_add" then
    return wrk.format("POST", "/api/v1/cases/" .. case_id() .. "/interactions", c.headers,
      string.format('{"channel":"%s","direction":"in","body":"Any news on this?"}',
        channels[math.random(1, #channels)]))
  elseif kind == "transfer" then
    return wrk.format("POST", "/api/v1/cases/" .. case_id() .. "/transfer", c.headers,
      string.format('{"to_team_id":%d,"note":"Handing over with the story so far."}',
        math.random(1, teams)))
  elseif kind == "resolve" then
    return wrk.format("PATCH", "/api/v1/cases/" .. case_id(), c.headers,
      '{"status":"resolved"}')
  elseif kind == "login" then
    return wrk.format("POST", "/api/v1/sessions", json, login)
  else -- survey_answer
    local t = tokens[next_token]
    next_token = next_token + 1
    return wrk.format("POST", "/api/v1/surveys/by-token/" .. t, json,
      '{"score":3,"comment":"Fine, a bit slow."}')
  end
end

local function explained(kind, status, body)
  if status >= 200 and status < 300 then return true end
  if status ~= 409 then return false end
  for _, m in ipairs(MIX) do
    if m[1] == kind and m[3] then
      for _, code in ipairs(m[3]) do
        if string.find(body, '"code":"' .. code .. '"', 1, true) then return true end
      end
    end
  end
  return false
end

function response(status, headers, body)
  local kind = pending or "?"
  if not explained(kind, status, body or "") then
    local code = string.match(body or "", '"code":"([%w_]+)"') or "-"
    local key = kind .. " " .. status .. " " .. code
    unexpected[key] = (unexpected[key] or 0) + 1
  end
end

function done(summary, latency, requests)
  local total, bad = {}, {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("counts") or {}) do total[k] = (total[k] or 0) + v end
    for k, v in pairs(t:get("unexpected") or {}) do bad[k] = (bad[k] or 0) + v end
  end
  for k, v in pairs(total) do io.write(string.format("mix %s %d\n", k, v)) end
  for k, v in pairs(bad) do io.write(string.format("unexpected %s %d\n", k, v)) end
  local e = summary.errors
  io.write(string.format("socket_errors %d\n", e.connect + e.read + e.write + e.timeout))
  io.write(string.format("requests %d\n", summary.requests))
end
