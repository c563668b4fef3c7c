import Shell
print("xueji \(ShellInfo.version)")
