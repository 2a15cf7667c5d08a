-- A to-do workload for wrk: 50% list (GET /todos?limit=20), 30% read one
-- (GET /todos/{id}), 20% create (POST /todos). The ids to read come after
-- "--" on the wrk command line: the to-dos run.sh created before the run.
--
--   wrk -t2 -c256 -d60s -s reliability/wrk/mix.lua http://127.0.0.1:PORT -- 1 2 3
--
-- wrk counts only socket errors and non-2xx-or-3xx responses; this script
-- counts every status outside 2xx itself and prints "non-2xx: N" at the end.

local ids = {}
local threads = {}
local counter = 0

function setup(thread)
   thread:set("id", #threads + 1)
   table.insert(threads, thread)
end

function init(args)
   for i, v in ipairs(args) do
      ids[#ids + 1] = v
   end
   if #ids == 0 then
      ids[1] = "1"
   end
   non2xx = 0
   math.randomseed(os.time() + id)
   list = wrk.format("GET", "/todos?limit=20")
end

function request()
   counter = counter + 1
   local r = math.random(100)
   if r <= 50 then
      return list
   elseif r <= 80 then
      return wrk.format("GET", "/todos/" .. ids[math.random(#ids)])
   end
   local body = string.format('{"title":"load %d-%d","done":%s}', id, counter, r % 2 == 0 and "true" or "false")
   return wrk.format("POST", "/todos", {["Content-Type"] = "application/json"}, body)
end

function response(status, headers, body)
   if status < 200 or status > 299 then
      non2xx = non2xx + 1
   end
end

function done(summary, latency, requests)
   local n = 0
   for _, t in ipairs(threads) do
      n = n + t:get("non2xx")
   end
   local e = summary.errors
   io.write(string.format("requests: %d\n", summary.requests))
   io.write(string.format("req/s: %.0f\n", summary.requests / (summary.duration / 1e6)))
   io.write(string.format("p50: %.2fms\n", latency:percentile(50) / 1000))
   io.write(string.format("p99: %.2fms\n", latency:percentile(99) / 1000))
   io.write(string.format("max: %.2fms\n", latency.max / 1000))
   io.write(string.format("socket errors: %d\n", e.connect + e.read + e.write + e.timeout))
   io.write(string.format("socket errors detail: connect %d, read %d, write %d, timeout %d\n", e.connect, e.read, e.write, e.timeout))
   io.write(string.format("non-2xx: %d\n", n))
end
