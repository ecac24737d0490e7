import json

def cache_state(state):
    with open("/tmp/app-state.json", "w") as handle:
        json.dump(state, handle)
