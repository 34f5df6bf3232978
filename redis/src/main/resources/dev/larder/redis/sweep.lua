-- Expires the entries of one bucket whose deadline has passed on this server's clock: each one is
-- removed and published once (EXPIRED), whichever instance sweeps. Keys under a lease are left to
-- their step; flights whose lease ran out are cleared without an event.
-- KEYS[1] key index, KEYS[2] deadline index; ARGV[1] entry key prefix, ARGV[2] lease key prefix,
-- ARGV[3] most entries to look at, ARGV[4] events channel, ARGV[5] origin
-- Returns {now, next deadline or '', more (0/1), member1, value1, deadline1, member2, ...}
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[3])
local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, limit)
local out = {now, '', #due == limit and 1 or 0}
local function field(s)
  return struct.pack('>I4', #s) .. s
end
for _, m in ipairs(due) do
  local ek = ARGV[1] .. m
  if redis.call('HEXISTS', ARGV[2] .. m, 'h') == 0 then
    local e = redis.call('HMGET', ek, 'v', 'x', 'f', 'fl')
    local flightLive = e[3] and tonumber(e[4]) > now
    if not e[1] and not e[3] then
      -- gone already (removed by the memory safety net): only the index is left
      redis.call('ZREM', KEYS[1], m)
      redis.call('ZREM', KEYS[2], m)
    elseif e[1] and e[2] and tonumber(e[2]) <= now and not flightLive then
      redis.call('DEL', ek)
      redis.call('ZREM', KEYS[1], m)
      redis.call('ZREM', KEYS[2], m)
      redis.call('PUBLISH', ARGV[4], 'LE1' .. field(ARGV[5]) .. field('E') .. field(m) .. field(e[1]) .. field(e[1]))
      table.insert(out, m)
      table.insert(out, e[1])
      table.insert(out, e[2])
    elseif e[3] and not flightLive then
      -- a flight whose instance stopped renewing it
      if e[1] then
        redis.call('HDEL', ek, 'f', 'fo', 'fl')
        if e[2] then
          redis.call('ZADD', KEYS[2], tonumber(e[2]), m)
        else
          redis.call('ZREM', KEYS[2], m)
        end
      else
        redis.call('DEL', ek)
        redis.call('ZREM', KEYS[1], m)
        redis.call('ZREM', KEYS[2], m)
      end
    elseif flightLive and not e[1] then
      redis.call('ZADD', KEYS[2], tonumber(e[4]), m)
    end
  end
end
local first = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
if first[2] then
  out[2] = first[2]
end
return out
