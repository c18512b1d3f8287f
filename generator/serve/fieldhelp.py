"""What each field of the editor's form means and what Nghị định 30/2020/NĐ-CP asks of it: the
"?" beside the field shows it. Keyed by the field's key path without its indices
("signer.name", "body.children.text"); the page looks a field up by its own path."""

from __future__ import annotations

ND30 = "Nghị định 30/2020/NĐ-CP"

HELP: dict[str, str] = {
    "kind": "Loại văn bản quyết định tên loại in đậm giữa trang (KẾ HOẠCH, BÁO CÁO …) và chữ "
    "viết tắt trong số, ký hiệu (KH, BC …) theo Phụ lục III " + ND30 + ". Công văn không có tên "
    "loại: trích yếu in sau chữ «V/v».",
    "number": "Số của văn bản, do văn thư cấp sau khi ký. Số dưới 10 có số 0 ở trước (05); "
    "số bắt đầu lại từ 01 mỗi năm (Điều 15). Để trống khi còn là dự thảo: «Số:      /KH-UBND».",
    "date": "Ngày ban hành, in nghiêng cạnh địa danh: «Nhị Chiểu, ngày 07 tháng 5 năm 2026». "
    "Ngày dưới 10 và tháng 1, 2 có số 0 ở trước (mục Địa danh và thời gian, Phụ lục I).",
    "date.day": "Ngày ký. Để trống khi dự thảo: người ký điền tay.",
    "date.month": "Tháng ban hành. Để trống khi dự thảo.",
    "date.year": "Năm ban hành.",
    "year": "Năm của kế hoạch: những chỗ trong văn bản tự theo năm (tô xanh trong các ô) lấy "
    "năm này. Để trống: lấy năm của ngày ban hành.",
    "ward.name": "Tên phường, xã (không viết chữ «phường»): in trong tên cơ quan «ỦY BAN NHÂN "
    "DÂN PHƯỜNG …» và làm địa danh.",
    "ward.kind": "Cấp hành chính: phường, xã hay đặc khu (hoặc tỉnh, thành phố).",
    "ward.place": "Địa danh trước ngày tháng, nếu khác tên phường. Đơn vị đặt theo tên người, số "
    "hay sự kiện ghi cả chữ chỉ cấp: «Phường 12», «Phường Lê Chân» (Phụ lục I).",
    "agency.parent": "Tên cơ quan chủ quản trực tiếp (nếu có), in hoa, không đậm, ở dòng trên "
    "tên cơ quan ban hành. Phường, xã thường không có dòng này.",
    "agency.abbreviation": "Chữ viết tắt của cơ quan ban hành trong ký hiệu: 05/KH-UBND.",
    "unit": "Đơn vị soạn thảo hoặc lĩnh vực trong ký hiệu của công văn: 12/UBND-VX.",
    "subject": "Trích yếu: tóm tắt nội dung, in đậm dưới tên loại, có đường kẻ ngang bên dưới. "
    "Với công văn, trích yếu in sau «V/v» dưới số, ký hiệu.",
    "kinh_gui": "Nơi văn bản gửi tới (Kính gửi), dùng cho công văn, tờ trình, báo cáo gửi cấp "
    "trên. Nhiều nơi: mỗi nơi một dòng, bắt đầu bằng «- », kết thúc bằng «;».",
    "issuer": "Thẩm quyền ban hành quyết định, in hoa đậm dưới trích yếu. Để trống: theo người ký.",
    "basis": "Căn cứ ban hành: mỗi căn cứ một dòng, in nghiêng, kết thúc bằng «;», căn cứ cuối "
    "kết thúc bằng «.». Ghi đủ loại, số, ký hiệu, cơ quan, ngày và trích yếu văn bản.",
    "proposal": "Câu «Theo đề nghị của …» sau các căn cứ của quyết định.",
    "opening": "Đoạn mở đầu trước các mục. Để trống: câu mặc định của loại văn bản.",
    "body.heading": "Tiêu đề của mục: mục I., II. in hoa đậm; khoản 1., 2. in đậm; điểm a), b) "
    "in thường (Phụ lục I, mục Nội dung).",
    "body.text": "Nội dung của mục, mỗi dòng một đoạn. Chữ đậm, nghiêng giữ nguyên khi in.",
    "body.lead": "Cơ quan chủ trì thực hiện nhiệm vụ: in thành dòng «- Cơ quan chủ trì: …» và "
    "vào bảng theo dõi nhiệm vụ.",
    "body.executing": "Cơ quan thực hiện, khi không có cơ quan chủ trì.",
    "body.coordinating": "Cơ quan phối hợp thực hiện.",
    "body.form": "Hình thức thực hiện (văn bản, hội nghị …).",
    "body.timeline": "Thời gian hoàn thành hoặc tiến độ: «Quý II/2026», «Trước 30/6/2026».",
    "appendices.heading": "Đề mục của phụ lục. Để trống: «Phụ lục I», «Phụ lục II» …",
    "appendices.note": "Dòng «(Kèm theo Kế hoạch số … ngày …)» dưới tên phụ lục. Để trống: "
    "theo số và ngày của văn bản.",
    "appendices.title": "Tên phụ lục, in hoa đậm, căn giữa.",
    "closing": "Câu kết trước dấu «./.». Để trống: câu mặc định của loại văn bản.",
    "contact": "Người, số điện thoại đầu mối để liên hệ, ở cuối nội dung công văn.",
    "recipients": "Nơi nhận: mỗi nơi một dòng, in cỡ 11, bắt đầu bằng «- », kết thúc bằng «;». "
    "Dòng cuối «- Lưu: VT, …» được thêm tự động.",
    "recipients_note": "Ghi chú sau một nơi nhận, ví dụ «(để b/c)».",
    "archive": "Chữ viết tắt của đơn vị soạn thảo trong dòng «- Lưu: VT, …».",
    "signer.collective": "Tập thể sau «TM.»: «ỦY BAN NHÂN DÂN». Để trống khi người đứng đầu ký "
    "với chức vụ của mình.",
    "signer.authority": "Thẩm quyền ký: TM. (thay mặt tập thể), KT. (cấp phó ký thay), TL. (thừa "
    "lệnh), TUQ. (thừa ủy quyền), Q. (quyền), theo mục Quyền hạn, chức vụ (Phụ lục I).",
    "signer.title": "Chức vụ của người đứng đầu, in hoa đậm: CHỦ TỊCH.",
    "signer.signer_title": "Chức vụ của người ký khi ký thay (KT.), thừa lệnh (TL.): PHÓ CHỦ TỊCH.",
    "signer.name": "Họ và tên người ký, in đậm dưới chữ ký; không ghi học hàm, học vị.",
    "meeting.title": "Tên hội nghị, cuộc họp: in «Tới dự …».",
    "meeting.date": "Ngày họp: 15/07/2026.",
    "meeting.time": "Giờ họp: 14:00.",
    "meeting.chair": "Người chủ trì cuộc họp.",
    "meeting.place": "Địa điểm họp.",
    "meeting.invitees": "Thành phần mời: mỗi nơi một dòng.",
    "meeting.notes": "Ghi chú: tài liệu cần mang, người liên hệ …",
}
