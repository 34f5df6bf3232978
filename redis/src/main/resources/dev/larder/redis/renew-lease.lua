-- Extends a lease this instance still holds. KEYS[1] lease hash; ARGV[1] token, ARGV[2] lease (ms)
-- Returns 1 if extended, 0 if the lease is no longer this token's.
if redis.call('HGET', KEYS[1], 'h') ~= ARGV[1] then
  return 0
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
