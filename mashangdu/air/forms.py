from __future__ import annotations

from django import forms

from mashangdu.air.models import Station, StationTarget


class TargetForm(forms.ModelForm):
    """A county station's monthly target; the model's constraints refuse a second row for the same station,
    year, month (or all months) and indicator."""

    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    month = forms.IntegerField(label="月份", min_value=1, max_value=12, required=False, help_text="留空表示全年各月")

    class Meta:
        model = StationTarget
        fields = ["station", "year", "month", "pollutant", "limit"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["station"].queryset = Station.objects.filter(in_county=True, is_active=True)  # type: ignore[attr-defined]
        self.fields["limit"].min_value = 0  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        limit = data.get("limit")
        if data.get("pollutant") == "good_ratio" and limit is not None and limit > 100:
            self.add_error("limit", "优良天数比例不能超过 100%。")
        if limit is not None and limit > 1000:
            self.add_error("limit", "目标值应在 0 到 1000 之间。")
        return data
