-- A single-key write decided and committed in one script, exactly once, without a lease of its own:
-- put (P), put-if-absent (A), replace (U) or remove (R), decided by whether the key has a live entry.
-- If another step holds the key's lease, nothing is done ({-1}): the caller takes the lease and
-- runs its step, which waits for the holder (a step never commits over a change made after it read).
-- KEYS[1] entry hash, KEYS[2] lease hash, KEYS[3] key index, KEYS[4] deadline index, KEYS[5] done marker
-- ARGV[1] server time after which the caller has given up, ARGV[2] kind (P A U R), ARGV[3] member,
-- ARGV[4] value (P A U), ARGV[5] the caller's time of the liveness decision (server ms),
-- ARGV[6] deadline of a created entry ('' = never), ARGV[7] of an updated one ('' never, 'k' keep its own),
-- ARGV[8] grace (ms) of the memory safety net, ARGV[9] how long the done marker stays (ms),
-- ARGV[10] events channel ('' = publish nothing), ARGV[11] notify channel, ARGV[12] origin,
-- ARGV[13] '1' to return the old value, ARGV[14] '1' to return the bucket's key count on a creation
-- Returns {0} too late | {-1} under another's lease | {1, done marker} a replay (marker: effect,
-- expired, old value) | {2, effect (C U R or ''), expired (0/1), created in the key index (0/1),
-- key count, deadline written ('' never), old value (if asked)}
local d = redis.call('GET', KEYS[5])
if d then
  return {1, d}
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if now > tonumber(ARGV[1]) then
  return {0}
end
if redis.call('HGET', KEYS[2], 'h') then
  return {-1}
end
local member = ARGV[3]
local e = redis.call('HMGET', KEYS[1], 'v', 'x', 'f', 'fl')
-- the caller's liveness rule: a value whose deadline is after the caller's now; a flight in flight
-- stands for its entry (never reported expired), one whose lease ran out is ignored
local live = e[1] and (not e[2] or tonumber(e[2]) > tonumber(ARGV[5]))
local flying = e[3] and tonumber(e[4]) > now
local expired = e[1] and not live and not flying
local kind = ARGV[2]
local effect, write = '', nil
if kind == 'P' then
  write, effect = 'S', live and 'U' or 'C'
elseif kind == 'A' then
  if not live then
    write, effect = 'S', 'C'
  end
elseif kind == 'U' then
  if live then
    write, effect = 'S', 'U'
  elseif expired then
    write = 'R'
  end
else
  write = 'R'
  if live then
    effect = 'R'
  end
end
if not write then
  return {2, '', 0, 0, 0, '', false}
end
local x, created, count = '', 0, 0
if write == 'S' then
  if effect == 'U' then
    x = ARGV[7]
    if x == 'k' then
      x = e[2] or ''
    end
  else
    x = ARGV[6]
  end
  if e[2] or e[3] then
    redis.call('DEL', KEYS[1]) -- drops the deadline, the flight and the safety net's expiry
  end
  if x == '' then
    redis.call('HSET', KEYS[1], 'v', ARGV[4], 't', now)
    if e[2] or e[3] or not e[1] then
      redis.call('ZREM', KEYS[4], member)
    end
  else
    local xn = tonumber(x)
    redis.call('HSET', KEYS[1], 'v', ARGV[4], 't', now, 'x', x)
    redis.call('ZADD', KEYS[4], xn, member)
    redis.call('PEXPIREAT', KEYS[1], math.max(xn, now) + tonumber(ARGV[8]))
  end
  if not (e[1] or e[3]) then
    -- an entry hash is always in its key index; only a new one may be missing from it
    created = redis.call('ZADD', KEYS[3], 0, member)
    if created == 1 and ARGV[14] == '1' then
      count = redis.call('ZCARD', KEYS[3])
    end
  end
else
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[3], member)
  redis.call('ZREM', KEYS[4], member)
end
local old = ARGV[13] == '1' and e[1] or false
local ex = expired and 1 or 0
redis.call('SET', KEYS[5], (effect == '' and '-' or effect) .. ex .. (old or ''), 'PX', ARGV[9])
local function field(s)
  return struct.pack('>I4', #s) .. s
end
if ARGV[10] ~= '' then
  local kinds = effect
  if effect == 'C' and expired then
    kinds = 'EC'
  elseif effect == '' and expired then
    kinds = 'E'
  end
  if kinds ~= '' then
    redis.call('PUBLISH', ARGV[10], 'LE1' .. field(ARGV[12]) .. field(kinds) .. field(member)
        .. field(write == 'S' and ARGV[4] or '') .. field(e[1] or ''))
  end
end
if e[3] then
  redis.call('PUBLISH', ARGV[11], 'LN1' .. field(ARGV[12]) .. field(member)) -- wakes the flight's waiters
end
return {2, effect, ex, created, count, x, old}
