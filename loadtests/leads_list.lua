-- wrk script: GET /api/leads with a realistic mix of list, search and stage-filter requests.
--
--   TOKEN=<access token> wrk -t2 -c32 -d20s --latency -s loadtests/leads_list.lua http://127.0.0.1:8080
--
-- Environment:
--   TOKEN       bearer token (JWT access token or ork_ API key); required
--   MAX_OFFSET  offsets are drawn from 0..MAX_OFFSET (default 5000; use about the lead count)
--   LIMIT       page size (default 50)
--   SEED        base random seed (default 1); each thread adds its id so threads differ
--
-- Mix per request: 50 % plain page, 30 % q= search, 20 % stage= filter.
-- Non-2xx responses are counted per thread and reported at the end; wrk itself
-- also prints "Non-2xx or 3xx responses" when there are any.

local token = os.getenv("TOKEN")
if token == nil or token == "" then
  io.stderr:write("leads_list.lua: set TOKEN to a bearer token (see loadtests/README.md)\n")
  os.exit(2)
end

local max_offset = tonumber(os.getenv("MAX_OFFSET") or "") or 5000
local limit = tonumber(os.getenv("LIMIT") or "") or 50
local base_seed = tonumber(os.getenv("SEED") or "") or 1

-- Search terms that hit the generated data (gen_leads_csv.py): first names, last
-- names, company roots, email fragments, plus a few that match nothing.
local queries = {
  "james", "maria", "smith", "garcia", "oliver", "schmidt", "muller", "patel", "nguyen", "lee",
  "acme", "globex", "initech", "contoso", "northwind", "wayne", "hooli", "fabrikam",
  "gmail.com", ".co.uk", ".de", "sales", "jo", "an", "zzzz-no-match", "qx7"
}
local stages = { "lead", "contacted", "replied", "meeting", "negotiation", "won", "lost" }

wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Accept"] = "application/json"
wrk.headers["Accept-Encoding"] = "gzip"

local threads = {}
local thread_counter = 0

function setup(thread)
  thread_counter = thread_counter + 1
  thread:set("id", thread_counter)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(base_seed * 7919 + (id or 0))
  non2xx = 0
  responses = 0
  kinds = { list = 0, search = 0, stage = 0 }
end

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function request()
  local offset = math.random(0, max_offset)
  local path = "/api/leads?limit=" .. limit .. "&offset=" .. offset
  local r = math.random()
  if r < 0.5 then
    kinds.list = kinds.list + 1
  elseif r < 0.8 then
    kinds.search = kinds.search + 1
    path = path .. "&q=" .. urlencode(queries[math.random(#queries)])
  else
    kinds.stage = kinds.stage + 1
    path = path .. "&stage=" .. stages[math.random(#stages)]
  end
  return wrk.format(nil, path)
end

function response(status, headers, body)
  responses = responses + 1
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if non2xx <= 3 then
      io.stderr:write(string.format("leads_list.lua: HTTP %d: %s\n", status, string.sub(body or "", 1, 200)))
    end
  end
end

function done(summary, latency, requests)
  local total_non2xx, total_resp = 0, 0
  local k = { list = 0, search = 0, stage = 0 }
  for _, t in ipairs(threads) do
    total_non2xx = total_non2xx + (t:get("non2xx") or 0)
    total_resp = total_resp + (t:get("responses") or 0)
    local tk = t:get("kinds")
    if tk then
      k.list = k.list + (tk.list or 0)
      k.search = k.search + (tk.search or 0)
      k.stage = k.stage + (tk.stage or 0)
    end
  end
  io.write("------------------------------------------------------------\n")
  io.write(string.format("requests sent: list=%d search=%d stage=%d\n", k.list, k.search, k.stage))
  io.write(string.format("responses: %d, non-2xx: %d, socket errors: connect=%d read=%d write=%d timeout=%d\n",
    total_resp, total_non2xx, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout))
  io.write(string.format("throughput: %.1f req/s over %.1f s\n",
    summary.requests / (summary.duration / 1e6), summary.duration / 1e6))
  for _, p in ipairs({ 50, 90, 95, 99, 99.9 }) do
    io.write(string.format("p%-5s %8.2f ms\n", tostring(p), latency:percentile(p) / 1000))
  end
  io.write(string.format("max    %8.2f ms\n", latency.max / 1000))
end
