"""Attachments, served only to who may read the application (queries.access.may_read_application): the applicant's
organisation, the coördinators, and committee members who declared no conflict once it reached the committee.
Anyone else gets a 404, so not even the attachment's existence is given away. Every download is in the history."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from coalition.models import Role
from coalition.permissions import role_required

from ..filetypes import CONTENT_TYPES
from ..models import Bijlage
from ..queries.access import may_read_application
from ..services import applications


@role_required(Role.PARTNER, Role.AANVRAGER, Role.COORDINATOR, Role.COMMISSIELID)
def attachment(request, pk):
    bijlage = get_object_or_404(Bijlage.objects.select_related("aanvraag"), pk=pk)
    if not may_read_application(request.user, bijlage.aanvraag):
        raise Http404
    try:
        handle = bijlage.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    applications.attachment_downloaded(bijlage=bijlage, by=request.user)
    response = FileResponse(handle, as_attachment=True, filename=bijlage.name, content_type=CONTENT_TYPES[bijlage.kind])
    response["Cache-Control"] = "private, no-store"
    return response
