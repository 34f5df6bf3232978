-- Moves the deadline of an entry that a read renewed, if its deadline is still the one read.
-- KEYS[1] entry hash, KEYS[2] deadline index; ARGV[1] deadline read ('' = never, '*' = whatever it
-- is now), ARGV[2] new deadline ('' = never), ARGV[3] member, ARGV[4] grace (ms). Returns 1 if moved.
if redis.call('HEXISTS', KEYS[1], 'v') == 0
    or ARGV[1] ~= '*' and (redis.call('HGET', KEYS[1], 'x') or '') ~= ARGV[1] then
  return 0
end
if ARGV[2] == '' then
  redis.call('HDEL', KEYS[1], 'x')
  redis.call('ZREM', KEYS[2], ARGV[3])
  redis.call('PERSIST', KEYS[1])
else
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  local x = tonumber(ARGV[2])
  redis.call('HSET', KEYS[1], 'x', ARGV[2])
  redis.call('ZADD', KEYS[2], x, ARGV[3])
  redis.call('PEXPIREAT', KEYS[1], math.max(x, now) + tonumber(ARGV[4]))
end
return 1
