import Shared
import HTTPCore
import Registry

print("registry-svc: not yet implemented")
