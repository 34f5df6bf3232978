-- Commits the change one step decided, under the step's lease, exactly once.
-- KEYS[1] entry hash, KEYS[2] lease hash, KEYS[3] key index (zset, score 0, by member),
-- KEYS[4] deadline index (zset, score = server deadline), KEYS[5] done marker of this commit
-- ARGV[1] lease token, ARGV[2] server time after which the caller has given up,
-- ARGV[3] '1' to release the lease, ARGV[4] change: S set, R remove, F flight, A abandon,
-- ARGV[5] member (the encoded key), ARGV[6] value (S) or '1' for a flight over a live entry (F),
-- ARGV[7] deadline (S; '' = never),
-- ARGV[8] flight token (F: the new one; A: the one given up), ARGV[9] flight owner (F),
-- ARGV[10] flight lease (ms), ARGV[11] grace (ms) of the memory safety net,
-- ARGV[12] how long the done marker stays (ms), ARGV[13] events channel, ARGV[14] notify channel,
-- ARGV[15] origin (the committing instance), ARGV[16] events to publish (C U R E, in order)
-- Returns {1} already applied (a replay) | {0} too late (not applied) | {-1} lease lost (not applied)
--       | {2, created, now, entries in the bucket's key index}
if redis.call('EXISTS', KEYS[5]) == 1 then
  return {1}
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if now > tonumber(ARGV[2]) then
  return {0}
end
if redis.call('HGET', KEYS[2], 'h') ~= ARGV[1] then
  return {-1}
end
local member = ARGV[5]
local grace = tonumber(ARGV[11])
local old = redis.call('HMGET', KEYS[1], 'v', 'f')
local created = 0
local change = ARGV[4]
if change == 'S' then
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], 'v', ARGV[6], 't', now)
  if ARGV[7] == '' then
    redis.call('ZREM', KEYS[4], member)
  else
    local x = tonumber(ARGV[7])
    redis.call('HSET', KEYS[1], 'x', ARGV[7])
    redis.call('ZADD', KEYS[4], x, member)
    redis.call('PEXPIREAT', KEYS[1], math.max(x, now) + grace)
  end
  created = redis.call('ZADD', KEYS[3], 0, member)
elseif change == 'R' then
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[3], member)
  redis.call('ZREM', KEYS[4], member)
elseif change == 'F' then
  local fl = now + tonumber(ARGV[10])
  if not old[1] or ARGV[6] == '0' then
    -- a flight over nothing (or over an entry that expired): the entry goes, the flight stays
    redis.call('DEL', KEYS[1])
    redis.call('HSET', KEYS[1], 'f', ARGV[8], 'fo', ARGV[9], 'fl', fl, 't', now)
    redis.call('ZADD', KEYS[4], fl, member)
    redis.call('PEXPIREAT', KEYS[1], fl + grace)
    created = redis.call('ZADD', KEYS[3], 0, member)
  else
    -- a refresh: readers keep the live entry until the flight lands
    redis.call('HSET', KEYS[1], 'f', ARGV[8], 'fo', ARGV[9], 'fl', fl)
  end
elseif change == 'A' then
  if old[2] == ARGV[8] then
    if old[1] then
      redis.call('HDEL', KEYS[1], 'f', 'fo', 'fl')
    else
      redis.call('DEL', KEYS[1])
      redis.call('ZREM', KEYS[3], member)
      redis.call('ZREM', KEYS[4], member)
    end
  end
end
redis.call('SET', KEYS[5], '1', 'PX', ARGV[12])
local notify = old[2] ~= false
if ARGV[3] == '1' then
  redis.call('HDEL', KEYS[2], 'h')
  if redis.call('HDEL', KEYS[2], 'w') == 1 then
    notify = true
  end
end
local function field(s)
  return struct.pack('>I4', #s) .. s
end
if ARGV[16] ~= '' then
  local value = change == 'S' and ARGV[6] or ''
  redis.call('PUBLISH', ARGV[13], 'LE1' .. field(ARGV[15]) .. field(ARGV[16]) .. field(member)
      .. field(value) .. field(old[1] or ''))
end
if notify then
  redis.call('PUBLISH', ARGV[14], 'LN1' .. field(ARGV[15]) .. field(member))
end
return {2, created, now, redis.call('ZCARD', KEYS[3])}
