"""A small evaluator of Kubernetes NetworkPolicies (networking.k8s.io/v1) for the access-matrix
tests: may pod A open a connection to pod B (or an external address) on a port?

Semantics as the API defines them: a pod selected by no policy of a direction is open in that
direction; once selected, only what some rule allows passes; a connection needs the source's
egress and the destination's ingress (destinations outside the cluster have no ingress side).
Selectors: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist); peers: podSelector,
namespaceSelector (namespaces carry kubernetes.io/metadata.name), both, or ipBlock (pods are
given an address in the usual pod network 10.244.0.0/16, so an ipBlock that does not except the
cluster's ranges would let them through, as it would in a cluster).
"""
import ipaddress
from dataclasses import dataclass, field

POD_ADDRESS = "10.244.1.17"


@dataclass(frozen=True)
class Pod:
    namespace: str
    labels: tuple  # sorted (key, value) pairs

    @staticmethod
    def make(namespace, **labels):
        return Pod(namespace, tuple(sorted(labels.items())))

    @property
    def label_map(self):
        return dict(self.labels)


@dataclass(frozen=True)
class External:
    address: str


@dataclass
class Cluster:
    policies: list
    namespace_labels: dict = field(default_factory=dict)

    def ns_labels(self, namespace):
        labels = {"kubernetes.io/metadata.name": namespace}
        labels.update(self.namespace_labels.get(namespace, {}))
        return labels

    def allowed(self, src, dst, port, protocol="TCP"):
        return self._egress(src, dst, port, protocol) and (isinstance(dst, External) or
                                                          self._ingress(src, dst, port, protocol))

    def _policies(self, pod, kind):
        for p in self.policies:
            spec = p["spec"]
            types = spec.get("policyTypes") or (["Ingress", "Egress"] if "egress" in spec else ["Ingress"])
            if (p["metadata"].get("namespace") == pod.namespace and kind in types
                    and matches(spec.get("podSelector") or {}, pod.label_map)):
                yield p

    def _egress(self, src, dst, port, protocol):
        selecting = list(self._policies(src, "Egress"))
        if not selecting:
            return True
        return any(self._rule_allows(rule.get("to"), rule.get("ports"), p["metadata"]["namespace"], dst, port, protocol)
                   for p in selecting for rule in p["spec"].get("egress") or [])

    def _ingress(self, src, dst, port, protocol):
        selecting = list(self._policies(dst, "Ingress"))
        if not selecting:
            return True
        return any(self._rule_allows(rule.get("from"), rule.get("ports"), p["metadata"]["namespace"], src, port, protocol)
                   for p in selecting for rule in p["spec"].get("ingress") or [])

    def _rule_allows(self, peers, ports, policy_namespace, other, port, protocol):
        if ports and not any(int(p.get("port", port)) == port and p.get("protocol", "TCP") == protocol for p in ports):
            return False
        if not peers:
            return True
        return any(self._peer_matches(peer, policy_namespace, other) for peer in peers)

    def _peer_matches(self, peer, policy_namespace, other):
        if "ipBlock" in peer:
            block = peer["ipBlock"]
            address = ipaddress.ip_address(other.address if isinstance(other, External) else POD_ADDRESS)
            return (address in ipaddress.ip_network(block["cidr"])
                    and not any(address in ipaddress.ip_network(e) for e in block.get("except") or []))
        if isinstance(other, External):
            return False
        if "namespaceSelector" in peer:
            if not matches(peer["namespaceSelector"], self.ns_labels(other.namespace)):
                return False
        elif other.namespace != policy_namespace:
            return False
        return matches(peer.get("podSelector") or {}, other.label_map)


def matches(selector, labels):
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expr in selector.get("matchExpressions") or []:
        key, op, values = expr["key"], expr["operator"], expr.get("values") or []
        if op == "In" and labels.get(key) not in values:
            return False
        if op == "NotIn" and labels.get(key) in values:
            return False
        if op == "Exists" and key not in labels:
            return False
        if op == "DoesNotExist" and key in labels:
            return False
    return True
