import Registry

let args = Array(CommandLine.arguments.dropFirst())
if args.first == "storage" {
    try storageBench(args.count > 1 ? Int(args[1]) ?? 1_000_000 : 1_000_000)
} else {
    print("xueji-bench")
}
