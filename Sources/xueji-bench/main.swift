import Registry
print("xueji-bench")
