-- Takes the lease of one key for one step and reads the key's entry, in one round trip.
-- KEYS[1] entry hash, KEYS[2] lease hash
-- ARGV[1] token, ARGV[2] lease (ms), ARGV[3] server time after which the caller has given up
-- Returns {0} too late (nothing taken) | {1, pttl} held by another | {2, now, v, x, f, fl, fo}
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if now > tonumber(ARGV[3]) then
  return {0}
end
local holder = redis.call('HGET', KEYS[2], 'h')
if holder and holder ~= ARGV[1] then
  redis.call('HSET', KEYS[2], 'w', '1')
  return {1, redis.call('PTTL', KEYS[2])}
end
redis.call('HSET', KEYS[2], 'h', ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
local e = redis.call('HMGET', KEYS[1], 'v', 'x', 'f', 'fl', 'fo')
return {2, now, e[1], e[2], e[3], e[4], e[5]}
