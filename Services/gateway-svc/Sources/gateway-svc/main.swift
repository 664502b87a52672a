import Shared
import HTTPCore
import Gateway

print("gateway-svc: not yet implemented")
