"""The rating form: one labelled radio group per criterion asked, the verdict, a comment."""

from __future__ import annotations

from typing import Any, Final

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.ratings.criteria import MAX_SCORE, Criterion, criteria_for
from motcua.ratings.models import Rating, Verdict
from motcua.ratings.services import COMMENT_MAX_CHARS, RatingInput

NOT_APPLICABLE: Final = "na"


def _choices(criterion: Criterion) -> list[tuple[str, str]]:
    choices = [(str(MAX_SCORE - i), str(label)) for i, label in enumerate(criterion.answers)]
    if criterion.may_skip is not None:
        choices.append((NOT_APPLICABLE, str(criterion.may_skip)))
    return choices


class RatingForm(forms.Form):
    """Answers about one dossier; `criteria` are the questions asked of it."""

    verdict = forms.ChoiceField(
        label=_("Đánh giá chung về việc giải quyết hồ sơ"),
        choices=Verdict.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Hãy chọn đánh giá chung.")},
    )
    comment = forms.CharField(
        label=_("Ý kiến khác (không bắt buộc)"),
        required=False,
        max_length=COMMENT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, online: bool, rating: Rating | None = None, **kwargs: Any):
        if rating is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "verdict": rating.verdict,
                "comment": rating.comment,
                **{
                    key: NOT_APPLICABLE if score is None else str(score)
                    for key, score in rating.scores().items()
                },
            }
        super().__init__(*args, **kwargs)
        self.initial.setdefault("revision", rating.revision if rating else 0)
        self.criteria = criteria_for(online=online)
        for criterion in self.criteria:
            self.fields[criterion.key] = forms.ChoiceField(
                label=criterion.question,
                choices=_choices(criterion),
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Hãy chọn một câu trả lời cho “%(q)s”.")
                    % {"q": criterion.question}
                },
            )
        # The verdict and the comment come after the criteria.
        self.order_fields([*(c.key for c in self.criteria), "verdict", "comment"])

    def criterion_fields(self) -> list[forms.BoundField]:
        """The bound fields of the criteria, in the order asked."""
        return [self[c.key] for c in self.criteria]

    def to_input(self) -> RatingInput:
        """The answers for the rating services."""
        data = self.cleaned_data
        return RatingInput(
            scores={
                c.key: None if data[c.key] == NOT_APPLICABLE else int(data[c.key])
                for c in self.criteria
            },
            verdict=data["verdict"],
            comment=data["comment"],
            expected_revision=data["revision"],
        )
