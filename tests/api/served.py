"""IRIs of the served sample store, shared by the service tests."""
QD_1395 = "https://w3id.org/chidao/eli/qd/2016/1395/uy-ban-nhan-dan-tinh-quang-ngai"
BC_18 = "https://w3id.org/chidao/eli/bc/2021/18/uy-ban-nhan-dan-tinh-quang-ngai"
DOC_GRAPH = "https://w3id.org/chidao/graph/bc-18-ubnd-quang-ngai-2021"
VOCAB_GRAPH = "https://w3id.org/chidao/graph/vocabulary"
W3C_GRAPHS = [f"http://kasei.us/2009/09/sparql/data/data{i}.rdf" for i in range(4)]
