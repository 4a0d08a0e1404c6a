// The same with FoundationEssentials' JSONEncoder, as the worker links it
// (scripts/bench-e2e.py footprint-floor).
import FoundationEssentials
import Glibc

struct Item: Codable {
    var name: String
    var values: [Int]
}

let encoded = try JSONEncoder().encode((0..<1000).map { Item(name: "item-\($0)", values: [$0, $0 * 2]) })
print("ready", encoded.count)
fflush(stdout)
while true { sleep(60) }
