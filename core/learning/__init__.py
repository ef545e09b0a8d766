"""The network as a learning arena: good-practice cases, the six processes' yearly self-assessment, and the partners
and dialogue of Bærekraftsløftet. Plain Python; every write goes through core.gate."""
