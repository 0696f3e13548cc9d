"""The answer stage: gate -> evidence -> policy -> compose.

`pipeline.Answerer` runs it; `match` finds the knowledge entries a question asks for;
`compose` writes the answer from them in the question's language.
"""

from .pipeline import Answerer, best_quote, cited_sentences, one_line, validate_citations

__all__ = ["Answerer", "best_quote", "cited_sentences", "one_line", "validate_citations"]
