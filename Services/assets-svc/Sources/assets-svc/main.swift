import Shared
import HTTPCore
import Assets

print("assets-svc: not yet implemented")
