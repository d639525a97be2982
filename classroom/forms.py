"""Forms for the classroom: what instructors and learners type, checked before any service runs."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from classroom.codes import normalise_join_code
from classroom.models import Assignment
from config.inputs import refuse_control_characters
from drills.models import Drill
from lessons.models import Lesson


class CohortForm(forms.Form):
    name = forms.CharField(
        max_length=120,
        help_text="e.g. “Spring bootcamp 2027, group B”",
        validators=[refuse_control_characters],
    )
    start_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date is before the start date.")
        return cleaned


class JoinForm(forms.Form):
    code = forms.CharField(
        max_length=40,
        label="Join code",
        help_text="Twelve letters and digits, as your instructor gave them (dashes optional).",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_code(self) -> str:
        code = normalise_join_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(
                "A join code has twelve letters and digits, like ABCD-EFGH-JKMN."
            )
        return code


class AssignmentForm(forms.Form):
    kind = forms.ChoiceField(choices=Assignment.Kind.choices, label="What to do")
    lesson = forms.ModelChoiceField(
        queryset=Lesson.objects.filter(is_active=True).order_by("order"),
        required=False,
        help_text="For “Read a lesson” and “Take a quiz”.",
    )
    drill = forms.ModelChoiceField(
        queryset=Drill.objects.filter(is_active=True).order_by("position"),
        required=False,
        help_text="For “Answer a drill”.",
    )
    due_at = forms.DateTimeField(
        label="Due",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read in the instructor's zone (learners.timezones activates it): say which it is.
        zone = timezone.get_current_timezone_name()
        self.fields[
            "due_at"
        ].help_text = f"In your time zone, {zone}. Learners see it in theirs, with the zone named."

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == Assignment.Kind.DRILL and not cleaned.get("drill"):
            self.add_error("drill", "Choose the drill to assign.")
        if kind in (Assignment.Kind.LESSON, Assignment.Kind.QUIZ) and not cleaned.get("lesson"):
            self.add_error("lesson", "Choose the lesson to assign.")
        due = cleaned.get("due_at")
        if due and due < timezone.now() - timezone.timedelta(days=365):
            self.add_error("due_at", "That due date is more than a year ago.")
        return cleaned


class InstructorForm(forms.Form):
    username = forms.CharField(
        max_length=150, label="Co-instructor's username", validators=[refuse_control_characters]
    )


class OverrideForm(forms.Form):
    criterion = forms.CharField(max_length=60, widget=forms.HiddenInput)
    level = forms.IntegerField(min_value=0, max_value=2)
    comment = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[refuse_control_characters],
    )


class DueDateForm(forms.Form):
    due_at = forms.DateTimeField(
        label="Due",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class ExtensionForm(forms.Form):
    """One member and their later due date; `members` is [(learner id, name), ...]."""

    # Its fields share a page with DueDateForm's: the prefix keeps their ids and names apart.
    prefix = "extension"
    learner = forms.TypedChoiceField(coerce=int, label="Learner")
    due_at = forms.DateTimeField(
        label="Their due date",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, members: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["learner"].choices = members
