"""`guardc test`: the test runner that judges expectations and measures coverage, and its reports
(text, JSON, JUnit)."""
