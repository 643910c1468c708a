"""What guardc knows about AWS: the Bedrock service model and its cross-field rules, ARNs, the
lock file."""
