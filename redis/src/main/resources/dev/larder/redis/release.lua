-- Gives a lease back without a change (the step kept the key as it was, or failed).
-- KEYS[1] lease hash; ARGV[1] token, ARGV[2] notify channel, ARGV[3] origin, ARGV[4] member
-- Returns 1 if it held the lease, 0 otherwise.
if redis.call('HGET', KEYS[1], 'h') ~= ARGV[1] then
  return 0
end
redis.call('HDEL', KEYS[1], 'h')
if redis.call('HDEL', KEYS[1], 'w') == 1 then
  local function field(s)
    return struct.pack('>I4', #s) .. s
  end
  redis.call('PUBLISH', ARGV[2], 'LN1' .. field(ARGV[3]) .. field(ARGV[4]))
end
return 1
