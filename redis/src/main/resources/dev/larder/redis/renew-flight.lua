-- Extends the lease of a computation in flight that this instance runs.
-- KEYS[1] entry hash, KEYS[2] deadline index; ARGV[1] flight token, ARGV[2] lease (ms),
-- ARGV[3] member, ARGV[4] grace (ms). Returns 1 if extended, 0 if the flight was replaced.
if redis.call('HGET', KEYS[1], 'f') ~= ARGV[1] then
  return 0
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local fl = now + tonumber(ARGV[2])
redis.call('HSET', KEYS[1], 'fl', fl)
if redis.call('HEXISTS', KEYS[1], 'v') == 0 then
  redis.call('ZADD', KEYS[2], fl, ARGV[3])
  redis.call('PEXPIREAT', KEYS[1], fl + tonumber(ARGV[4]))
end
return 1
