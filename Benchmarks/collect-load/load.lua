-- wrk script of the `querylens collect` load test (docs/performance.md): POSTs the body that
-- make_template.py wrote, each request with new trace ids (a per-thread counter in place of
-- the EE bytes), as OTLP/HTTP protobuf.
--   wrk -t1 -c16 -d20s -s load.lua http://127.0.0.1:4318/v1/traces   (QL_BODY=path/to/body.pb)
local template
local counter = 0
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(os.getenv("QL_BODY") or "body.pb", "rb"))
  template = file:read("*a")
  file:close()
end

local function id_bytes(n)
  local bytes = {}
  for i = 8, 1, -1 do
    bytes[i] = string.char(n % 256)
    n = math.floor(n / 256)
  end
  return table.concat(bytes)
end

function request()
  counter = counter + 1
  local body = template:gsub(string.rep("\238", 8), id_bytes((thread_id or 1) * 2^40 + counter))
  return wrk.format("POST", nil, { ["Content-Type"] = "application/x-protobuf" }, body)
end

function done(summary, latency, requests)
  io.write(string.format("requests %d, non-2xx or errors %d\n", summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
