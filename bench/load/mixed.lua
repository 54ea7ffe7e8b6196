-- Mixed load for wrk: reads of the dashboard, the live rollup and a value list, and value entry (direct entry is
-- approved at once, so every write changes the live model). ELEMENT, PERIOD, UNITS and TOKEN come from run.sh. Reads go
-- as READER (a viewer of the province: leaders read, officers write), as they would in use. Writes go round the
-- province's communes (UNITS, comma-separated), as many officers enter their own figures; with one UNIT instead every
-- write updates the same value (a hot row: on PostgreSQL the writers then queue on its row lock).
local token = os.getenv("TOKEN")
local reader = os.getenv("READER") or token
local element, period = os.getenv("ELEMENT"), os.getenv("PERIOD")
local units = {}
for code in string.gmatch(os.getenv("UNITS") or os.getenv("UNIT"), "[^,]+") do units[#units + 1] = code end
local n = 0
local as_writer = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
local as_reader = { ["Authorization"] = "Bearer " .. reader }

request = function()
  n = n + 1
  local k = n % 20
  if k < 8 then
    return wrk.format("GET", "/api/v1/analytics/rollup?element=" .. element .. "&period=" .. period .. "&orgUnit=20", as_reader)
  elseif k < 14 then
    return wrk.format("GET", "/api/v1/dashboard", as_reader)
  elseif k < 17 then
    return wrk.format("GET", "/api/v1/data-values?dataElement=" .. element .. "&orgUnit=20&children=true&pageSize=50", as_reader)
  else
    local body = string.format('{"dataValues":[{"dataElement":"%s","orgUnit":"%s","period":"%s","value":%d,"comment":"tải thử"}]}',
      element, units[math.floor(n / 20) % #units + 1], period, 1000 + (n % 997))
    return wrk.format("POST", "/api/v1/data-values", as_writer, body)
  end
end

done = function(summary, latency, requests)
  io.write(string.format("mixed: %d requests, %d errors (connect %d, read %d, write %d, timeout %d, status %d), p99 %.1f ms\n",
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout, summary.errors.status, latency:percentile(99) / 1000))
end
