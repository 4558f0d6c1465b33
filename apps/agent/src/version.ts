// Reported at enrollment; bumped with the protocol-visible behaviour of the agent.
export const agentVersion = "0.1.0";
