import Shared
import HTTPCore
import Runner

print("runner-svc: not yet implemented")
