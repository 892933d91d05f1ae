// ThreatNeedle first-stage, second-stage and uploader C2 URLs (Kaspersky ICS CERT / GReAT, Feb 2021).
// Written by the needle project; see docs/signatures.md.
//
// The URLs are compromised web sites. The intel list is defanged (hxxp, [.]); the strings below
// are re-fanged and keyed on host + path without the scheme (and without a leading "www."), so
// http, https, scheme-less and www/no-www forms all match. Defanged copies in reports do not.

rule ThreatNeedle_C2_URL
{
    meta:
        description = "File embedding a ThreatNeedle C2 or exfiltration URL (host and path)"
        reference = "https://securelist.com/lazarus-threatneedle/100803/"
        author = "needle project"
        date = "2026-11-27"
        score = 80
        mitre_attack = "T1105"
        keys_on = "one of 47 published C2 URLs as host+path (ASCII or UTF-16, any case) in any file; YARA rule sources are left out"
    strings:
        $url_gonnelli_thumb                 = "gonnelli.it/uploads/catalogo/thumbs/thumb.asp" ascii wide nocase fullword
        $url_forum_iron_maiden_index        = "forum.iron-maiden.ru/core/cache/index.php" ascii wide nocase fullword
        $url_au_pair_newspaper              = "au-pair.org/admin/Newspaper.asp" ascii wide nocase fullword
        $url_au_pair_login                  = "au-pair.org/admin/login.asp" ascii wide nocase fullword
        $url_colasprint_upload              = "colasprint.com/_vti_log/upload.asp" ascii wide nocase fullword
        $url_djasw_upfiles                  = "djasw.or.kr/sub/popup/images/upfiles.asp" ascii wide nocase fullword
        $url_kwwa_popup_160308              = "kwwa.org/popup/160307/popup_160308.asp" ascii wide nocase fullword
        $url_kwwa_fn6006ls                  = "kwwa.org/DR6001/FN6006LS.asp" ascii wide nocase fullword
        $url_sanatoliacare_index            = "sanatoliacare.com/include/index.asp" ascii wide nocase fullword
        $url_americanhotboats_index         = "americanhotboats.com/forums/core/cache/index.php" ascii wide nocase fullword
        $url_docentfx_upload                = "docentfx.com/wp-admin/includes/upload.php" ascii wide nocase fullword
        $url_kannadagrahakarakoota_upload   = "kannadagrahakarakoota.org/forums/admincp/upload.php" ascii wide nocase fullword
        $url_polyboatowners_upload          = "polyboatowners.com/2010/images/BOTM/upload.php" ascii wide nocase fullword
        $url_ryanmcbain_upload              = "ryanmcbain.com/forum/core/cache/upload.php" ascii wide nocase fullword
        $url_shinwonbook_open               = "shinwonbook.co.kr/basket/pay/open.asp" ascii wide nocase fullword
        $url_shinwonbook_upload             = "shinwonbook.co.kr/board/editor/upload.asp" ascii wide nocase fullword
        $url_theforceawakenstoys_upload     = "theforceawakenstoys.com/vBulletin/core/cache/upload.php" ascii wide nocase fullword
        $url_automercado_main               = "automercado.co.cr/empleo/css/main.jsp" ascii wide nocase fullword
        $url_curiofirenze_inc_site          = "curiofirenze.com/include/inc-site.asp" ascii wide nocase fullword
        $url_digitaldowns_upload            = "digitaldowns.us/artman/exec/upload.php" ascii wide nocase fullword
        $url_dronerc_index                  = "dronerc.it/forum/uploads/index.php" ascii wide nocase fullword
        $url_dronerc_adapter_config         = "dronerc.it/shop_testbr/Adapter/Adapter_Config.php" ascii wide nocase fullword
        $url_edujikim_view                  = "edujikim.com/intro/blue/view.asp" ascii wide nocase fullword
        $url_edujikim_inistart              = "edujikim.com/pay/sample/INIstart.asp" ascii wide nocase fullword
        $url_edujikim_upload                = "edujikim.com/smarteditor/img/upload.asp" ascii wide nocase fullword
        $url_fabioluciani_constant          = "fabioluciani.com/ae/include/constant.asp" ascii wide nocase fullword
        $url_fabioluciani_include           = "fabioluciani.com/es/include/include.asp" ascii wide nocase fullword
        $url_juvillage_upload               = "juvillage.co.kr/img/upload.asp" ascii wide nocase fullword
        $url_lyzeum_bbs_read                = "lyzeum.com/board/bbs/bbs_read.asp" ascii wide nocase fullword
        $url_lyzeum_upload                  = "lyzeum.com/images/board/upload.asp" ascii wide nocase fullword
        $url_martiancartel_avatars          = "martiancartel.com/forum/customavatars/avatars.php" ascii wide nocase fullword
        $url_polyboatowners_index           = "polyboatowners.com/css/index.php" ascii wide nocase fullword
        $url_sanlorenzoyacht_inc_map        = "sanlorenzoyacht.com/newsl/include/inc-map.asp" ascii wide nocase fullword
        $url_raiestatesandbuilders_index    = "raiestatesandbuilders.com/admin/installer/installer/index.php" ascii wide nocase fullword
        $url_156_245_16_55_admin            = "156.245.16.55/admin/admin.asp" ascii wide nocase fullword
        $url_fredrikarnell_index            = "fredrikarnell.com/marocko2014/index.php" ascii wide nocase fullword
        $url_roit_view                      = "roit.co.kr/xyz/mainpage/view.asp" ascii wide nocase fullword
        $url_waterdoblog_index              = "waterdoblog.com/uploads/index.asp" ascii wide nocase fullword
        $url_kbcwainwrightchallenge_dbconn  = "kbcwainwrightchallenge.org.uk/connections/dbconn.asp" ascii wide nocase fullword
        $url_prototypetrains_index          = "prototypetrains.com:443/forums/core/cache/index.php" ascii wide nocase fullword
        $url_prototypetrains_index_noport   = "prototypetrains.com/forums/core/cache/index.php" ascii wide nocase fullword
        $url_newidealupvc_jquery_max        = "newidealupvc.com:443/img/prettyPhoto/jquery.max.php" ascii wide nocase fullword
        $url_newidealupvc_jquery_max_noport = "newidealupvc.com/img/prettyPhoto/jquery.max.php" ascii wide nocase fullword
        $url_mdim_index                     = "mdim.in.ua:443/core/cache/index.php" ascii wide nocase fullword
        $url_mdim_index_noport              = "mdim.in.ua/core/cache/index.php" ascii wide nocase fullword
        $url_forum_snowreport_upload        = "forum.snowreport.gr:443/cache/template/upload.php" ascii wide nocase fullword
        $url_forum_snowreport_upload_noport = "forum.snowreport.gr/cache/template/upload.php" ascii wide nocase fullword
        $url_dellarocca_img                 = "dellarocca.net/it/content/img/img.asp" ascii wide nocase fullword
        $url_astedams_image                 = "astedams.it/photos/image/image.asp" ascii wide nocase fullword
        $url_geeks_board_cache              = "geeks-board.com/blog/wp-content/uploads/2017/cache.php" ascii wide nocase fullword
        $url_cloudarray_cache               = "cloudarray.com/images/logo/videos/cache.jsp" ascii wide nocase fullword

        // A YARA rule source (a copy of this pack, another scanner's signature set) lists the
        // URLs without being malware; it is left out.
        $yara_strings_section   = /\n[ \t]*strings:[ \t]*\r?\n/
        $yara_condition_section = /\n[ \t]*condition:[ \t]*\r?\n/
    condition:
        any of ($url_*) and not ($yara_strings_section and $yara_condition_section)
}

rule ThreatNeedle_C2_Host_And_Path_PE
{
    meta:
        description = "PE file holding the host and the path of a ThreatNeedle C2 URL as separate strings"
        reference = "https://securelist.com/lazarus-threatneedle/100803/"
        author = "needle project"
        date = "2026-11-27"
        score = 75
        mitre_attack = "T1105"
        keys_on = "a C2 host name (whole word) and the path published with that same host, both in one PE file, as stored for WinINet-style connect/request calls"
    strings:
        $host_gonnelli               = "gonnelli.it" ascii wide nocase fullword
        $host_forum_iron_maiden      = "forum.iron-maiden.ru" ascii wide nocase fullword
        $host_au_pair                = "au-pair.org" ascii wide nocase fullword
        $host_colasprint             = "colasprint.com" ascii wide nocase fullword
        $host_djasw                  = "djasw.or.kr" ascii wide nocase fullword
        $host_kwwa                   = "kwwa.org" ascii wide nocase fullword
        $host_sanatoliacare          = "sanatoliacare.com" ascii wide nocase fullword
        $host_americanhotboats       = "americanhotboats.com" ascii wide nocase fullword
        $host_docentfx               = "docentfx.com" ascii wide nocase fullword
        $host_kannadagrahakarakoota  = "kannadagrahakarakoota.org" ascii wide nocase fullword
        $host_polyboatowners         = "polyboatowners.com" ascii wide nocase fullword
        $host_ryanmcbain             = "ryanmcbain.com" ascii wide nocase fullword
        $host_shinwonbook            = "shinwonbook.co.kr" ascii wide nocase fullword
        $host_theforceawakenstoys    = "theforceawakenstoys.com" ascii wide nocase fullword
        $host_automercado            = "automercado.co.cr" ascii wide nocase fullword
        $host_curiofirenze           = "curiofirenze.com" ascii wide nocase fullword
        $host_digitaldowns           = "digitaldowns.us" ascii wide nocase fullword
        $host_dronerc                = "dronerc.it" ascii wide nocase fullword
        $host_edujikim               = "edujikim.com" ascii wide nocase fullword
        $host_fabioluciani           = "fabioluciani.com" ascii wide nocase fullword
        $host_juvillage              = "juvillage.co.kr" ascii wide nocase fullword
        $host_lyzeum                 = "lyzeum.com" ascii wide nocase fullword
        $host_martiancartel          = "martiancartel.com" ascii wide nocase fullword
        $host_sanlorenzoyacht        = "sanlorenzoyacht.com" ascii wide nocase fullword
        $host_raiestatesandbuilders  = "raiestatesandbuilders.com" ascii wide nocase fullword
        $host_156_245_16_55          = "156.245.16.55" ascii wide nocase fullword
        $host_fredrikarnell          = "fredrikarnell.com" ascii wide nocase fullword
        $host_roit                   = "roit.co.kr" ascii wide nocase fullword
        $host_waterdoblog            = "waterdoblog.com" ascii wide nocase fullword
        $host_kbcwainwrightchallenge = "kbcwainwrightchallenge.org.uk" ascii wide nocase fullword
        $host_prototypetrains        = "prototypetrains.com" ascii wide nocase fullword
        $host_newidealupvc           = "newidealupvc.com" ascii wide nocase fullword
        $host_mdim                   = "mdim.in.ua" ascii wide nocase fullword
        $host_forum_snowreport       = "forum.snowreport.gr" ascii wide nocase fullword
        $host_dellarocca             = "dellarocca.net" ascii wide nocase fullword
        $host_astedams               = "astedams.it" ascii wide nocase fullword
        $host_geeks_board            = "geeks-board.com" ascii wide nocase fullword
        $host_cloudarray             = "cloudarray.com" ascii wide nocase fullword

        $path_uploads_catalogo_thumbs_thumb_asp      = "/uploads/catalogo/thumbs/thumb.asp" ascii wide nocase
        $path_core_cache_index_php                   = "/core/cache/index.php" ascii wide nocase
        $path_admin_newspaper_asp                    = "/admin/Newspaper.asp" ascii wide nocase
        $path_admin_login_asp                        = "/admin/login.asp" ascii wide nocase
        $path_vti_log_upload_asp                     = "/_vti_log/upload.asp" ascii wide nocase
        $path_sub_popup_images_upfiles_asp           = "/sub/popup/images/upfiles.asp" ascii wide nocase
        $path_popup_160307_popup_160308_asp          = "/popup/160307/popup_160308.asp" ascii wide nocase
        $path_dr6001_fn6006ls_asp                    = "/DR6001/FN6006LS.asp" ascii wide nocase
        $path_include_index_asp                      = "/include/index.asp" ascii wide nocase
        $path_forums_core_cache_index_php            = "/forums/core/cache/index.php" ascii wide nocase
        $path_wp_admin_includes_upload_php           = "/wp-admin/includes/upload.php" ascii wide nocase
        $path_forums_admincp_upload_php              = "/forums/admincp/upload.php" ascii wide nocase
        $path_2010_images_botm_upload_php            = "/2010/images/BOTM/upload.php" ascii wide nocase
        $path_forum_core_cache_upload_php            = "/forum/core/cache/upload.php" ascii wide nocase
        $path_basket_pay_open_asp                    = "/basket/pay/open.asp" ascii wide nocase
        $path_board_editor_upload_asp                = "/board/editor/upload.asp" ascii wide nocase
        $path_vbulletin_core_cache_upload_php        = "/vBulletin/core/cache/upload.php" ascii wide nocase
        $path_empleo_css_main_jsp                    = "/empleo/css/main.jsp" ascii wide nocase
        $path_include_inc_site_asp                   = "/include/inc-site.asp" ascii wide nocase
        $path_artman_exec_upload_php                 = "/artman/exec/upload.php" ascii wide nocase
        $path_forum_uploads_index_php                = "/forum/uploads/index.php" ascii wide nocase
        $path_shop_testbr_adapter_adapter_config_php = "/shop_testbr/Adapter/Adapter_Config.php" ascii wide nocase
        $path_intro_blue_view_asp                    = "/intro/blue/view.asp" ascii wide nocase
        $path_pay_sample_inistart_asp                = "/pay/sample/INIstart.asp" ascii wide nocase
        $path_smarteditor_img_upload_asp             = "/smarteditor/img/upload.asp" ascii wide nocase
        $path_ae_include_constant_asp                = "/ae/include/constant.asp" ascii wide nocase
        $path_es_include_include_asp                 = "/es/include/include.asp" ascii wide nocase
        $path_img_upload_asp                         = "/img/upload.asp" ascii wide nocase
        $path_board_bbs_bbs_read_asp                 = "/board/bbs/bbs_read.asp" ascii wide nocase
        $path_images_board_upload_asp                = "/images/board/upload.asp" ascii wide nocase
        $path_forum_customavatars_avatars_php        = "/forum/customavatars/avatars.php" ascii wide nocase
        $path_css_index_php                          = "/css/index.php" ascii wide nocase
        $path_newsl_include_inc_map_asp              = "/newsl/include/inc-map.asp" ascii wide nocase
        $path_admin_installer_installer_index_php    = "/admin/installer/installer/index.php" ascii wide nocase
        $path_admin_admin_asp                        = "/admin/admin.asp" ascii wide nocase
        $path_marocko2014_index_php                  = "/marocko2014/index.php" ascii wide nocase
        $path_xyz_mainpage_view_asp                  = "/xyz/mainpage/view.asp" ascii wide nocase
        $path_uploads_index_asp                      = "/uploads/index.asp" ascii wide nocase
        $path_connections_dbconn_asp                 = "/connections/dbconn.asp" ascii wide nocase
        $path_img_prettyphoto_jquery_max_php         = "/img/prettyPhoto/jquery.max.php" ascii wide nocase
        $path_cache_template_upload_php              = "/cache/template/upload.php" ascii wide nocase
        $path_it_content_img_img_asp                 = "/it/content/img/img.asp" ascii wide nocase
        $path_photos_image_image_asp                 = "/photos/image/image.asp" ascii wide nocase
        $path_blog_wp_content_uploads_2017_cache_php = "/blog/wp-content/uploads/2017/cache.php" ascii wide nocase
        $path_images_logo_videos_cache_jsp           = "/images/logo/videos/cache.jsp" ascii wide nocase
    condition:
        uint16(0) == 0x5A4D and uint32(uint32(0x3C)) == 0x00004550 and filesize < 20MB and
        not ThreatNeedle_C2_URL and
        (
            ($host_gonnelli and $path_uploads_catalogo_thumbs_thumb_asp) or
            ($host_forum_iron_maiden and $path_core_cache_index_php) or
            ($host_au_pair and $path_admin_newspaper_asp) or
            ($host_au_pair and $path_admin_login_asp) or
            ($host_colasprint and $path_vti_log_upload_asp) or
            ($host_djasw and $path_sub_popup_images_upfiles_asp) or
            ($host_kwwa and $path_popup_160307_popup_160308_asp) or
            ($host_kwwa and $path_dr6001_fn6006ls_asp) or
            ($host_sanatoliacare and $path_include_index_asp) or
            ($host_americanhotboats and $path_forums_core_cache_index_php) or
            ($host_docentfx and $path_wp_admin_includes_upload_php) or
            ($host_kannadagrahakarakoota and $path_forums_admincp_upload_php) or
            ($host_polyboatowners and $path_2010_images_botm_upload_php) or
            ($host_ryanmcbain and $path_forum_core_cache_upload_php) or
            ($host_shinwonbook and $path_basket_pay_open_asp) or
            ($host_shinwonbook and $path_board_editor_upload_asp) or
            ($host_theforceawakenstoys and $path_vbulletin_core_cache_upload_php) or
            ($host_automercado and $path_empleo_css_main_jsp) or
            ($host_curiofirenze and $path_include_inc_site_asp) or
            ($host_digitaldowns and $path_artman_exec_upload_php) or
            ($host_dronerc and $path_forum_uploads_index_php) or
            ($host_dronerc and $path_shop_testbr_adapter_adapter_config_php) or
            ($host_edujikim and $path_intro_blue_view_asp) or
            ($host_edujikim and $path_pay_sample_inistart_asp) or
            ($host_edujikim and $path_smarteditor_img_upload_asp) or
            ($host_fabioluciani and $path_ae_include_constant_asp) or
            ($host_fabioluciani and $path_es_include_include_asp) or
            ($host_juvillage and $path_img_upload_asp) or
            ($host_lyzeum and $path_board_bbs_bbs_read_asp) or
            ($host_lyzeum and $path_images_board_upload_asp) or
            ($host_martiancartel and $path_forum_customavatars_avatars_php) or
            ($host_polyboatowners and $path_css_index_php) or
            ($host_sanlorenzoyacht and $path_newsl_include_inc_map_asp) or
            ($host_raiestatesandbuilders and $path_admin_installer_installer_index_php) or
            ($host_156_245_16_55 and $path_admin_admin_asp) or
            ($host_fredrikarnell and $path_marocko2014_index_php) or
            ($host_roit and $path_xyz_mainpage_view_asp) or
            ($host_waterdoblog and $path_uploads_index_asp) or
            ($host_kbcwainwrightchallenge and $path_connections_dbconn_asp) or
            ($host_prototypetrains and $path_forums_core_cache_index_php) or
            ($host_newidealupvc and $path_img_prettyphoto_jquery_max_php) or
            ($host_mdim and $path_core_cache_index_php) or
            ($host_forum_snowreport and $path_cache_template_upload_php) or
            ($host_dellarocca and $path_it_content_img_img_asp) or
            ($host_astedams and $path_photos_image_image_asp) or
            ($host_geeks_board and $path_blog_wp_content_uploads_2017_cache_php) or
            ($host_cloudarray and $path_images_logo_videos_cache_jsp)
        )
}
