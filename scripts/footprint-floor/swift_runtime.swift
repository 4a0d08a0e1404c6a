// The least a Swift process can cost as the image builds it (-static-stdlib): the standard
// library doing a little string work, then waiting (scripts/bench-e2e.py footprint-floor).
import Glibc

var total = 0
for i in 0..<1000 { total &+= "item-\(i)".utf8.count }
print("ready", total)
fflush(stdout)
while true { sleep(60) }
